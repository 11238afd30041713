#if canImport(Glibc)
    import Glibc
#endif

/// How the daemon asks the C allocator to hand memory back. A board's index grows arrays of
/// tens of megabytes; with glibc's defaults a freed large array raises the threshold under
/// which later ones come from the heap, whose freed space the process keeps. Measured on an
/// import of a million rows: peak resident memory 364 MiB with the defaults, 258 MiB with
/// blocks of 256 KiB and more mapped on their own (so returned when freed) and two arenas.
public enum MemoryTuning {
    public static func apply() {
        #if canImport(Glibc)
            // glibc's mallopt (malloc.h, which Swift's Glibc module leaves out) and its parameters.
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            let mmapThreshold: Int32 = -3, arenaMax: Int32 = -8
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
            _ = mallopt(mmapThreshold, 256 * 1024)
            _ = mallopt(arenaMax, 2)
        #endif
    }
}
