package org.cardiograd.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;

/**
 * Builds the usual two parameter groups: one with weight decay, one without.
 *
 * <p>The rule: a parameter gets <em>no</em> weight decay when its rank is at most 1 (biases, LayerNorm and
 * BatchNorm weights, scalars such as a learnable logit scale) or when its dotted name contains one of
 * {@link #NO_DECAY_KEYWORDS}: {@code embed} (token, positional and patch embeddings, {@code pos_embed}),
 * {@code cls_token}, {@code mask_token}, {@code token_type}. Everything else (the weight matrices of linear
 * and convolution layers) is decayed. Note that {@code embed} also matches a patch-embedding projection such as
 * MAE's {@code patch_embed.proj.weight}, which MAE itself decays; pass your own keywords to change that.
 */
public final class ParamGroups {
    /** Substrings of a parameter name that exclude it from weight decay. */
    public static final List<String> NO_DECAY_KEYWORDS = List.of("embed", "pos_embed", "cls_token", "mask_token",
            "token_type");

    private ParamGroups() {}

    /** [decayed group, undecayed group] of the module's parameters, both at {@code lr}. */
    public static List<ParamGroup> decayAndNoDecay(Module module, double lr, double weightDecay) {
        return decayAndNoDecay(module.namedParameters(), lr, weightDecay, NO_DECAY_KEYWORDS);
    }

    /**
     * [decayed group, undecayed group] of named parameters; a group may be empty. {@code noDecayKeywords} are
     * the name substrings that exclude a parameter from decay besides the rank rule.
     */
    public static List<ParamGroup> decayAndNoDecay(Map<String, Variable> params, double lr, double weightDecay,
                                                   List<String> noDecayKeywords) {
        LinkedHashMap<String, Variable> decay = new LinkedHashMap<>();
        LinkedHashMap<String, Variable> noDecay = new LinkedHashMap<>();
        params.forEach((name, v) -> (decays(name, v, noDecayKeywords) ? decay : noDecay).put(name, v));
        return List.of(new ParamGroup(decay, lr, weightDecay), new ParamGroup(noDecay, lr, 0.0));
    }

    /** Whether a parameter is decayed under the rule above. */
    public static boolean decays(String name, Variable param, List<String> noDecayKeywords) {
        if (param.rank() <= 1) {
            return false;
        }
        for (String k : noDecayKeywords) {
            if (name.contains(k)) {
                return false;
            }
        }
        return true;
    }
}
