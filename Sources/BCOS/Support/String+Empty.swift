extension String {
    /// nil for "", for optional columns and config keys.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
