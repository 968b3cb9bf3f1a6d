package io.tdeguard.application.tde;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tdeguard.api.RequestFacts;
import io.tdeguard.application.Invocations;
import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeStatusResult;

/** DescribeInstanceTDEStatus through the same backend port as the change, permission-checked and audited. */
@ApplicationScoped
public class DescribeInstanceTdeStatus {

    static final String ACTION = "kvstore:DescribeInstanceTDEStatus";

    private final Invocations invocations;
    private final TdeChangeBinder binder;
    private final TdeApi tdeApi;

    DescribeInstanceTdeStatus(Invocations invocations, TdeChangeBinder binder, TdeApi tdeApi) {
        this.invocations = invocations;
        this.binder = binder;
        this.tdeApi = tdeApi;
    }

    public record Result(String requestId, @JsonProperty("TDEStatus") String tdeStatus) {
    }

    public Result handle(RequestFacts request, String instanceId, String regionId) {
        return invocations.run(request, ModifyInstanceTde.SERVICE, EventRW.Read, invocation -> {
            Map<String, Object> logged = new LinkedHashMap<>();
            logged.put("InstanceId", instanceId);
            logged.put("RegionId", regionId);
            invocation.parameters(logged);
            TdeChangeBinder.instanceId(logged);
            String region = binder.regionId(logged);
            String arn = binder.instanceArn(region, instanceId);
            invocation.resource(arn).instance(instanceId, region);
            InstanceRegion.confirm(tdeApi, invocation, region, instanceId);
            invocations.authorize(invocation, ACTION, arn, Map.of());
            try {
                TdeStatusResult status = tdeApi.describeInstanceTdeStatus(region, instanceId);
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("TDEStatus", status.tdeStatus());
                response.put("BackendRequestId", status.backendRequestId());
                invocation.response(response);
                return new Result(invocation.requestId(), status.tdeStatus());
            } catch (TdeApiException e) {
                throw BackendErrors.refused(invocation, e);
            }
        });
    }
}
