/// A new id: `prefix` and ten random characters of an alphabet without look-alikes
/// (resumes `R-…`, postings `P-…`, applications `A-…`).
func randomId(prefix: String) -> String {
    let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
    return prefix + String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
}
