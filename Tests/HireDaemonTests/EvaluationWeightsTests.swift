import HireDaemon
import HireMatching
import Testing

/// `HIRED_MATCH_WEIGHTS`, the evaluation harness's switch for ablations: what it accepts and
/// what it refuses (a refused spec leaves the builtin weights, so it must not pass by accident).
@Suite struct EvaluationWeightsTests {
    @Test func partsNamedReplaceTheirWeightOthersKeepTheBuiltinOne() {
        #expect(EvaluationWeights.parse("text=0.45,skills=0,title=0.25,checks=0.1")
            == MatchWeights(text: 0.45, skills: 0, title: 0.25, checks: 0.1))
        #expect(EvaluationWeights.parse(" title = 0.25 ") == MatchWeights(text: 1, skills: 0, title: 0.25, checks: 0))
        #expect(EvaluationWeights.parse("text=1,skills=0,title=0,checks=0") == MatchWeights(text: 1, skills: 0, title: 0, checks: 0))
    }

    @Test func malformedSpecsAreRefused() {
        for spec in [
            "", "text", "text=", "text=abc", "text=-1", "text=inf", "text=nan", "txt=0.4", "text=0.4,text=0.5",
            "text=0.4,", "text=0.4;skills=0", "text=0,skills=0,title=0,checks=0", "text=1=2",
        ] {
            #expect(EvaluationWeights.parse(spec) == nil, "\(spec)")
        }
    }
}
