package io.tdeguard.tde;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tdeguard.audit.AuditRecord.EventRW;
import io.tdeguard.config.TdeGuardConfig;
import io.tdeguard.invocation.Invocations;
import io.tdeguard.kvstore.InstanceIds;
import io.tdeguard.kvstore.TdeApi;
import io.tdeguard.kvstore.TdeApiException;
import io.tdeguard.kvstore.TdeStatusResult;
import io.tdeguard.web.ApiException;

/** DescribeInstanceTDEStatus through the same backend port as the change, permission-checked and audited. */
@ApplicationScoped
public class DescribeInstanceTdeStatus {

    static final String ACTION = "kvstore:DescribeInstanceTDEStatus";

    private final Invocations invocations;
    private final TdeApi tdeApi;
    private final TdeGuardConfig config;

    DescribeInstanceTdeStatus(Invocations invocations, TdeApi tdeApi, TdeGuardConfig config) {
        this.invocations = invocations;
        this.tdeApi = tdeApi;
        this.config = config;
    }

    public record Result(String requestId, @JsonProperty("TDEStatus") String tdeStatus) {
    }

    public Result handle(String instanceId, String regionId) {
        return invocations.run(ModifyInstanceTde.SERVICE, EventRW.Read, invocation -> {
            Map<String, Object> logged = new LinkedHashMap<>();
            logged.put("InstanceId", instanceId);
            logged.put("RegionId", regionId);
            invocation.parameters(logged);
            if (instanceId == null || instanceId.isEmpty()) {
                throw ApiException.missingParameter("InstanceId");
            }
            if (!InstanceIds.isWellFormed(instanceId)) {
                throw new ApiException("InvalidInstanceName.Malformed", 400, "The Specified parameter InstanceName is not valid.");
            }
            String region = regionId == null || regionId.isEmpty() ? config.regionId() : regionId;
            String arn = "acs:kvstore:" + region + ":" + config.accountId() + ":instance/" + instanceId;
            invocation.resource(arn).instance(instanceId, region);
            invocations.authorize(invocation, ACTION, arn, Map.of());
            try {
                TdeStatusResult status = tdeApi.describeInstanceTdeStatus(region, instanceId);
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("TDEStatus", status.tdeStatus());
                response.put("BackendRequestId", status.backendRequestId());
                invocation.response(response);
                return new Result(invocation.requestId(), status.tdeStatus());
            } catch (TdeApiException e) {
                throw new ApiException(e.code(), e.httpStatus(), e.getMessage());
            }
        });
    }
}
