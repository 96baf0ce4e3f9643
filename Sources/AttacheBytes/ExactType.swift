/// A value seen as its own type, once that type is known at run time: the
/// template interpreter opens each looked-up value (`_openExistential`) and
/// asks whether it is exactly a `String`, a view model, a list …
///
/// The answer is checked (the two types' metadata compared) before the
/// value is reinterpreted, so no value is ever read as another type. `as?`
/// in the same places went through the runtime's general cast (optionals,
/// bridging, protocols) for every candidate type and cost 0.8% of a whole
/// build's instructions (callgrind, `attache-bench 1000 --jobs 1`: 1.499 G
/// against 1.488 G).
public enum ExactType {
    /// `value` as a `U` when `T` is exactly `U`, else nil. Public, not
    /// `package`: Swift 6.3 did not inline a `package` generic into another
    /// module, and the call per candidate type cost 0.4% of a build.
    @inlinable @inline(__always)
    public static func cast<T, U>(_ value: T, to type: U.Type) -> U? {
        T.self == U.self ? unsafeBitCast(value, to: U.self) : nil
    }
}
