import Cases

/// The opened plaintext of a sealed person as `PersonKeyStore.seal` writes it: one flat JSON
/// object of strings without escapes or spaces, `{"name":"…","id_number":"…",…}`. It is read
/// straight into a `Person`, without a JSON tree: at 100,000 people the tree was a fifth of
/// opening them. Anything else (escapes, spaces, other keys or values) gives nil, for the
/// caller to hand to the JSON parser, which also decides what is not a person.
enum PersonPlaintext {
    static func person(_ bytes: UnsafeBufferPointer<UInt8>) -> Person? {
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "{") else { return nil }
        var index = 1
        var name: String?, id: String?, phone: String?, hukou: String?, community: String?
        while true {
            guard let keyRange = LineBytes.rawString(bytes, &index), index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let raw = LineBytes.rawString(bytes, &index), let value = JSONParser.validatedString(UnsafeBufferPointer(rebasing: bytes[raw])) else {
                return nil
            }
            // A key seen twice is left to the parser, which refuses it.
            switch keys.firstIndex(where: { bytes[keyRange].elementsEqual($0) }) {
            case 0 where name == nil: name = value
            case 1 where id == nil: id = value
            case 2 where phone == nil: phone = value
            case 3 where hukou == nil: hukou = value
            case 4 where community == nil: community = value
            default: return nil
            }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") { break }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
        guard index + 1 == bytes.count, let name, let id else { return nil }
        return Person(name: name, residentID: ResidentID(unchecked: id), phone: phone.map(PhoneNumber.init(unchecked:)),
                      hukouAddress: hukou, community: community)
    }

    /// The keys `EventCodec.encode(_: Person)` writes, in the order of the fields above.
    private static let keys = ["name", "id_number", "phone", "hukou", "community"].map { Array($0.utf8) }
}
