package io.tdeguard.function;

import java.util.Map;

import io.quarkus.funqy.Funq;
import io.tdeguard.application.tde.DescribeInstanceTdeStatus;
import io.tdeguard.application.tde.ModifyInstanceTde;
import io.tdeguard.web.CurrentRequest;

/** The guarded R-kvstore operations. */
public class TdeFunctions {

    private final ModifyInstanceTde modifyInstanceTde;
    private final DescribeInstanceTdeStatus describeInstanceTdeStatus;
    private final CurrentRequest request;

    TdeFunctions(ModifyInstanceTde modifyInstanceTde, DescribeInstanceTdeStatus describeInstanceTdeStatus,
            CurrentRequest request) {
        this.modifyInstanceTde = modifyInstanceTde;
        this.describeInstanceTdeStatus = describeInstanceTdeStatus;
        this.request = request;
    }

    /** Taken as a map so that the binder sees exactly the parameters sent, unknown ones included. */
    @Funq("ModifyInstanceTDE")
    public ModifyInstanceTde.Result modifyInstanceTde(Map<String, Object> parameters) {
        return modifyInstanceTde.handle(request.facts(), parameters);
    }

    public record InstanceRef(String instanceId, String regionId) {
    }

    @Funq("DescribeInstanceTDEStatus")
    public DescribeInstanceTdeStatus.Result describeInstanceTdeStatus(InstanceRef input) {
        InstanceRef ref = input == null ? new InstanceRef(null, null) : input;
        return describeInstanceTdeStatus.handle(request.facts(), ref.instanceId(), ref.regionId());
    }
}
