import Foundation
import HireCore

/// The machine-wide provider's API key: the systemd credential `hired-provider-key`
/// (`LoadCredential=` or `LoadCredentialEncrypted=` in the unit, so it lives neither in the
/// repository nor in a file the daemon's users can read). Never logged nor returned.
enum MachineProviderKey {
    static let credential = "hired-provider-key"

    /// The machine-wide provider of `settings` (checked as `providers.set` checks a user's),
    /// with the credential's key.
    static func provider(_ settings: ProviderSettings, credentialsDirectory: String?) throws -> ModelProvider {
        do {
            try ProviderService.check(settings)
        } catch {
            throw StartupError("the machine-wide provider: \(error.message)")
        }
        return ModelProvider(settings: settings, apiKey: try read(credentialsDirectory: credentialsDirectory))
    }

    /// The key, trimmed; nil when there is no credential (a local server needs none).
    static func read(credentialsDirectory: String?) throws -> String? {
        guard let directory = credentialsDirectory, !directory.isEmpty else { return nil }
        let path = directory + "/" + credential
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read the credential \(credential) in $CREDENTIALS_DIRECTORY")
        }
        let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return key.isEmpty ? nil : key
    }
}
