import Foundation
import HireCore
import HireMatching
import HireRPC

extension MatchService: RegistrableService {
    /// `match.*`. Params become the service's arguments here, and its values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Match.Run.self, background: { params, context in
            let done = try await self.run(
                resumeIds: params.resumeIds, jobIds: params.jobIds, filters: params.filters, require: params.require, topK: params.topK,
                per: params.per, provider: params.provider, runId: context.runId, vault: try context.store(), userId: try context.userId(),
                progress: context.progress)
            return Match.Run.Result(runId: done.runId, matches: done.matches)
        })
        router.register(Match.Get.self) { params, context in
            Match.Run.Result(runId: params.runId, matches: try await Self.get(params.runId, vault: try context.store()))
        }
        router.register(Match.Export.self) { params, context in
            // The destination is checked before the work.
            let target = try params.path.map { path throws(RPCError) in
                try context.files.prepareWrite(path, param: "path", overwrite: params.overwrite ?? false)
            }
            let export = try await Self.exportCSV(params.runId, vault: try context.store())
            return try await Exports.deliver(csv: export.csv, rows: export.rows, to: target, remote: params.remote, overwrite: params.overwrite, files: context.files)
        }
        router.register(Match.Feedback.self) { params, context in
            let kept = try await self.feedback(
                runId: params.runId, resumeId: params.resumeId, jobId: params.jobId, label: params.label, vault: try context.store())
            return Match.Feedback.Result(
                runId: params.runId, resumeId: params.resumeId, jobId: params.jobId, grade: params.label.grade, replaced: kept.replaced,
                labels: kept.labels)
        }
        router.register(Match.Model.self) { params, context in
            let forgetLabels = params.forgetLabels ?? false
            let reset = (params.reset ?? false) || forgetLabels
            let state = try await self.model(reset: reset, forgetLabels: forgetLabels, vault: try context.store(), userId: try context.userId())
            let model = state.model
            let weights = model?.ranker.map { ranker in
                ranker.weights.map { Match.Model.Weight(feature: $0.key, weight: $0.value, meaning: RankingFeatures.meaning(of: $0.key)) }
                    .sorted { abs($0.weight) != abs($1.weight) ? abs($0.weight) > abs($1.weight) : $0.feature < $1.feature }
            }
            return Match.Model.Result(
                ranking: model?.inUse == nil ? .default : .learned, status: model?.status, summary: Self.summary(of: model, labels: state.labels),
                labels: state.labels, queries: model?.queries ?? 0, minimumLabels: FeedbackLearner.minimumLabels,
                minimumQueries: FeedbackLearner.minimumQueries, fittedAt: model.map { rfc3339($0.decidedAt) }, evaluation: model?.evaluation,
                weights: weights, reset: reset ? true : nil, forgotLabels: state.forgotten)
        }
    }
}
