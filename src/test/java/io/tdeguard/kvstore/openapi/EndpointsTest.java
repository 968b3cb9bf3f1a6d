package io.tdeguard.kvstore.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void usesTheDefaultEndpointForEveryRegion() {
        Endpoints endpoints = new Endpoints("https://r-kvstore.aliyuncs.com", Map.of());

        assertEquals(URI.create("https://r-kvstore.aliyuncs.com"), endpoints.forRegion("cn-hangzhou"));
        assertEquals(URI.create("https://r-kvstore.aliyuncs.com"), endpoints.forRegion("ap-southeast-1"));
    }

    @Test
    void fillsTheRegionIntoATemplateAndPrefersARegionsOwnEndpoint() {
        Endpoints endpoints = new Endpoints("https://r-kvstore.{RegionId}.aliyuncs.com",
                Map.of("cn-shanghai", "https://r-kvstore-vpc.cn-shanghai.aliyuncs.com"));

        assertEquals(URI.create("https://r-kvstore.eu-central-1.aliyuncs.com"), endpoints.forRegion("eu-central-1"));
        assertEquals(URI.create("https://r-kvstore-vpc.cn-shanghai.aliyuncs.com"), endpoints.forRegion("cn-shanghai"));
    }

    @Test
    void acceptsPlainHttpOnlyOnLoopback() {
        assertEquals(URI.create("http://127.0.0.1:18089"), Endpoints.check("http://127.0.0.1:18089"));
        assertEquals(URI.create("http://localhost:8080"), Endpoints.check("http://localhost:8080"));

        assertThrows(IllegalArgumentException.class, () -> Endpoints.check("http://r-kvstore.aliyuncs.com"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.check("http://10.0.0.1:80"));
        assertThrows(IllegalArgumentException.class, () -> new Endpoints("http://example.com", Map.of()));
    }

    @Test
    void refusesAPathQueryOrOtherScheme() {
        assertThrows(IllegalArgumentException.class, () -> Endpoints.check("https://r-kvstore.aliyuncs.com/api"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.check("https://r-kvstore.aliyuncs.com?a=b"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.check("ftp://r-kvstore.aliyuncs.com"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.check("r-kvstore.aliyuncs.com"));
    }
}
