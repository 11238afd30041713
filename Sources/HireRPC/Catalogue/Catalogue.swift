/// Every method the daemon serves: the single list from which the router entries,
/// `rpc.discover`, the CLI, the man page, completions and `clients/openrpc.json` come.
public enum Catalogue {
    /// The methods, in the order they are documented.
    public static let methods: [MethodInfo] = [
        MethodInfo(RPC.Discover.self),
        MethodInfo(Daemon.Ping.self),
        MethodInfo(Daemon.Status.self),
        MethodInfo(Auth.Register.self),
        MethodInfo(Auth.Login.self),
        MethodInfo(Auth.Attach.self),
        MethodInfo(Auth.Whoami.self),
        MethodInfo(Auth.Logout.self),
        MethodInfo(Auth.ChangePassword.self),
        MethodInfo(Auth.Recover.self),
        MethodInfo(Auth.Sessions.self),
        MethodInfo(Auth.Revoke.self),
        MethodInfo(Auth.DeleteAccount.self),
        MethodInfo(MTB.Columns.self),
        MethodInfo(MTB.Import.self),
        MethodInfo(MTB.Undo.self),
        MethodInfo(MTB.Values.self),
        MethodInfo(MTB.Filter.self),
        MethodInfo(Jobs.List.self),
        MethodInfo(Jobs.Get.self),
        MethodInfo(Jobs.Create.self),
        MethodInfo(Jobs.Update.self),
        MethodInfo(Jobs.Delete.self),
        MethodInfo(Jobs.Search.self),
        MethodInfo(Jobs.Export.self),
        MethodInfo(Jobs.Import.self),
        MethodInfo(Jobs.AttachDescription.self),
        MethodInfo(Jobs.ConfirmDescription.self),
        MethodInfo(Jobs.Process.self),
        MethodInfo(Jobs.DescriptionOriginal.self),
        MethodInfo(Resumes.Add.self),
        MethodInfo(Resumes.List.self),
        MethodInfo(Resumes.Get.self),
        MethodInfo(Resumes.Delete.self),
        MethodInfo(Resumes.Original.self),
        MethodInfo(Match.Run.self),
        MethodInfo(Match.Get.self),
        MethodInfo(Match.Export.self),
        MethodInfo(Match.Feedback.self),
        MethodInfo(Match.Model.self),
        MethodInfo(History.List.self),
        MethodInfo(History.Get.self),
        MethodInfo(History.Delete.self),
        MethodInfo(History.Export.self),
        MethodInfo(History.Original.self),
        MethodInfo(Stats.Get.self),
        MethodInfo(Vault.Verify.self),
    ]

    /// The method named `name`.
    public static func method(_ name: String) -> MethodInfo? { methods.first { $0.name == name } }

    /// The daemon's version, reported by `daemon.status` and `rpc.discover`.
    public static let version = "0.1.0"
}
