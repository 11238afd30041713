import Foundation
import Glibc
import HireTestSupport
import Testing

/// The children the tests start hold none of the test process's descriptors.
@Suite struct ChildProcessTests {
    /// A pipe's reader sees its end of file once the test closes the write end, while a child
    /// started meanwhile still runs. A child that inherited the write end (a pipe not marked
    /// close-on-exec, as Foundation's `Pipe` makes them) kept the reader waiting until it
    /// exited: another test's `pdftotext` reader then hung the whole suite.
    @Test func aChildHoldsNoneOfTheTestsDescriptors() throws {
        var fds: [CInt] = [0, 0]
        #expect(pipe(&fds) == 0)
        let directory = NSTemporaryDirectory() + "cp-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try ChildProcess("/bin/sleep", ["30"], outputDirectory: directory)
        defer {
            child.signal(SIGKILL)
            var status: Int32 = 0
            waitpid(child.pid, &status, 0)
        }
        close(fds[1])
        defer { close(fds[0]) }
        var poll = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        #expect(Glibc.poll(&poll, 1, 10_000) == 1, "the reader saw no end of file while the child ran")
        var byte: UInt8 = 0
        #expect(read(fds[0], &byte, 1) == 0)
    }
}
