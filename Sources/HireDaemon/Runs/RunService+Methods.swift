import Foundation
import HireCore
import HireRPC

extension RunService: RegistrableService {
    /// `runs.get`, `runs.wait`, `runs.cancel`. Params become the service's arguments here.
    func registerMethods(with router: inout Router) {
        router.register(Runs.Get.self) { params, context in
            try await self.get(params.runId, userId: try context.userId(), vault: try context.store())
        }
        router.register(Runs.Wait.self) { params, context in
            let seconds = params.timeoutSeconds ?? Runs.Wait.defaultTimeoutSeconds
            guard seconds >= 0, seconds <= Double(Self.maxWait.components.seconds) else {
                throw InvalidInput("timeoutSeconds must be between 0 and \(Self.maxWait.components.seconds)", param: "timeoutSeconds")
            }
            return try await self.wait(
                params.runId, timeout: .milliseconds(Int((seconds * 1000).rounded())), userId: try context.userId(),
                vault: try context.store())
        }
        router.register(Runs.Cancel.self) { params, context in
            try await self.cancel(params.runId, userId: try context.userId(), vault: try context.store())
        }
    }
}
