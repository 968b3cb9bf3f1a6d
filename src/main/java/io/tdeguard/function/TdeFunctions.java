package io.tdeguard.function;

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

    /** {@code RequestId}, {@code TDEStatus}: R-kvstore's answer. Members are checked by name by the read-through. */
    @Funq("DescribeInstanceTDEStatus")
    public Map<String, Object> describeInstanceTdeStatus(Map<String, Object> members) {
        return reads.handle(request.facts(), members == null ? Map.of() : members);
    }
}
