import Foundation

/// Pairwise logistic regression (RankNet's loss on a linear model): for every two labelled
/// pairs of the same query with different grades, the better one should score higher.
/// Minimises the mean of log(1 + e^(−w·(x_better − x_worse))) + λ/2·|w|² by Newton's method
/// with step halving. No randomness: the same differences in the same order give the same
/// weights, to the bit.
public struct PairwiseLogistic: Sendable {
    /// The L2 penalty λ.
    public var lambda: Double
    /// Newton steps at most (it converges in a handful on this convex loss).
    public var maxIterations: Int

    /// A fitter with this penalty.
    public init(lambda: Double = 0.01, maxIterations: Int = 100) {
        self.lambda = lambda
        self.maxIterations = maxIterations
    }

    /// The weights (one per column of the differences) minimising the loss; zeros when there
    /// are no differences.
    public func fit(_ differences: [[Double]], dimension: Int) -> [Double] {
        var weights = [Double](repeating: 0, count: dimension)
        guard !differences.isEmpty, dimension > 0 else { return weights }
        var current = loss(weights, differences)
        for _ in 0..<maxIterations {
            let (gradient, hessian) = derivatives(weights, differences)
            guard let step = Self.solve(hessian, gradient, dimension: dimension) else { break }
            // Newton's step, halved until the loss does not rise (it rarely needs to be).
            var scale = 1.0
            var next = weights
            var nextLoss = current
            for _ in 0..<30 {
                next = zip(weights, step).map { $0 - scale * $1 }
                nextLoss = loss(next, differences)
                if nextLoss <= current { break }
                scale /= 2
            }
            guard nextLoss <= current else { break }
            let moved = zip(weights, next).map { abs($0 - $1) }.max() ?? 0
            weights = next
            current = nextLoss
            if moved < 1e-10 { break }
        }
        return weights
    }

    /// The mean pairwise loss plus the penalty.
    func loss(_ weights: [Double], _ differences: [[Double]]) -> Double {
        var sum = 0.0
        for x in differences { sum += Self.softplus(-Self.dot(weights, x)) }
        return sum / Double(differences.count) + lambda / 2 * Self.dot(weights, weights)
    }

    /// The loss's gradient and Hessian (row-major).
    private func derivatives(_ weights: [Double], _ differences: [[Double]]) -> (gradient: [Double], hessian: [Double]) {
        let d = weights.count
        let n = Double(differences.count)
        var gradient = weights.map { lambda * $0 }
        var hessian = [Double](repeating: 0, count: d * d)
        for i in 0..<d { hessian[i * d + i] = lambda }
        for x in differences {
            let p = 1 / (1 + exp(-Self.dot(weights, x)))  // the chance the pair is ordered right
            let g = -(1 - p) / n, h = p * (1 - p) / n
            for i in 0..<d where x[i] != 0 {
                gradient[i] += g * x[i]
                for j in 0..<d where x[j] != 0 { hessian[i * d + j] += h * x[i] * x[j] }
            }
        }
        return (gradient, hessian)
    }

    /// Solves A·s = b for a symmetric positive-definite A by Cholesky; nil if A is not.
    static func solve(_ a: [Double], _ b: [Double], dimension d: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var sum = a[i * d + j]
                for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * d + i] = sum.squareRoot()
                } else {
                    l[i * d + j] = sum / l[j * d + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: d)
        for i in 0..<d {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * d + k] * y[k] }
            y[i] = sum / l[i * d + i]
        }
        var x = [Double](repeating: 0, count: d)
        for i in stride(from: d - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<d { sum -= l[k * d + i] * x[k] }
            x[i] = sum / l[i * d + i]
        }
        return x
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// log(1 + e^z) without overflow.
    static func softplus(_ z: Double) -> Double { z > 30 ? z : log1p(exp(z)) }
}
