/// US states, Canadian provinces and common countries, for reading and comparing locations.
enum Places {
    /// Lowercased state or province name → two-letter code (and DC, Puerto Rico).
    static let stateByName: [String: String] = {
        let pairs = """
            alabama AL|alaska AK|arizona AZ|arkansas AR|california CA|colorado CO|connecticut CT|delaware DE|florida FL|\
            georgia GA|hawaii HI|idaho ID|illinois IL|indiana IN|iowa IA|kansas KS|kentucky KY|louisiana LA|maine ME|\
            maryland MD|massachusetts MA|michigan MI|minnesota MN|mississippi MS|missouri MO|montana MT|nebraska NE|\
            nevada NV|new hampshire NH|new jersey NJ|new mexico NM|new york NY|north carolina NC|north dakota ND|ohio OH|\
            oklahoma OK|oregon OR|pennsylvania PA|rhode island RI|south carolina SC|south dakota SD|tennessee TN|texas TX|\
            utah UT|vermont VT|virginia VA|washington WA|west virginia WV|wisconsin WI|wyoming WY|\
            district of columbia DC|washington dc DC|puerto rico PR|\
            ontario ON|quebec QC|québec QC|british columbia BC|alberta AB|manitoba MB|saskatchewan SK|nova scotia NS|\
            new brunswick NB|newfoundland and labrador NL|prince edward island PE|northwest territories NT|nunavut NU|yukon YT
            """
        var table: [String: String] = [:]
        for pair in pairs.split(separator: "|") {
            let words = pair.split(separator: " ")
            guard let code = words.last else { continue }
            table[words.dropLast().joined(separator: " ")] = String(code)
        }
        return table
    }()

    static let stateCodes: Set<String> = Set(stateByName.values)

    /// Lowercased country names and common short forms.
    static let countries: Set<String> = [
        "usa", "us", "u.s.", "u.s.a.", "united states", "united states of america", "canada", "mexico", "uk",
        "united kingdom", "england", "scotland", "ireland", "germany", "france", "spain", "portugal", "italy",
        "netherlands", "belgium", "switzerland", "austria", "poland", "sweden", "norway", "denmark", "finland",
        "czech republic", "czechia", "romania", "ukraine", "russia", "россия", "рф", "беларусь", "belarus",
        "kazakhstan", "казахстан", "israel", "turkey", "uae", "united arab emirates", "india", "pakistan", "china",
        "japan", "korea", "south korea", "singapore", "philippines", "vietnam", "indonesia", "malaysia", "australia",
        "new zealand", "brazil", "argentina", "chile", "colombia", "peru", "south africa", "nigeria", "kenya", "egypt",
    ]

    /// A comparable form of a location: lowercased city and region (state code or country).
    static func parts(of location: String) -> (city: String, region: String) {
        let pieces = location.split(separator: ",").map { $0.trimmingSpaces }
        let city = pieces.first?.lowercased() ?? ""
        var region = pieces.count > 1 ? pieces[1] : ""
        if let code = stateByName[region.lowercased()] { region = code }
        if let first = region.split(separator: " ").first, first.count == 2, stateCodes.contains(first.uppercased()) {
            region = first.uppercased()
        }
        return (city, region.lowercased())
    }
}
