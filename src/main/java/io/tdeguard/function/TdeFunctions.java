package io.tdeguard.function;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.tde.ModifyInstanceTde;
import io.tdeguard.application.tde.ReadThrough;
import io.tdeguard.web.CurrentRequest;

/** The guarded R-kvstore operations. */
public class TdeFunctions {

    private final ModifyInstanceTde modifyInstanceTde;
    private final ReadThrough reads;
    private final CurrentRequest request;

    TdeFunctions(ModifyInstanceTde modifyInstanceTde, ReadThrough reads, CurrentRequest request) {
        this.modifyInstanceTde = modifyInstanceTde;
        this.reads = reads;
        this.request = request;
    }

    /** Taken as a map so that the binder sees exactly the parameters sent, unknown ones included. */
    @Funq("ModifyInstanceTDE")
    public ModifyInstanceTde.Result modifyInstanceTde(Map<String, Object> parameters) {
        return modifyInstanceTde.handle(request.facts(), parameters);
    }

    public record InstanceRef(String instanceId, String regionId) {
    }

    /** {@code RequestId}, {@code TDEStatus}: R-kvstore's answer. */
    @Funq("DescribeInstanceTDEStatus")
    public Map<String, Object> describeInstanceTdeStatus(InstanceRef input) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (input != null && input.instanceId() != null) {
            parameters.put("InstanceId", input.instanceId());
        }
        if (input != null && input.regionId() != null) {
            parameters.put("RegionId", input.regionId());
        }
        return reads.handle(request.facts(), parameters);
    }
}
