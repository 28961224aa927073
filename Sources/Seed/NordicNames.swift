import Domain

/// Names, streets and places per country for demo customers: common, invented combinations.
enum NordicNames {
    static func firstNames(_ country: Country) -> [String] {
        switch country {
        case .se: ["Anna", "Eva", "Maria", "Karin", "Sara", "Åsa", "Lena", "Emma", "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Björn", "Göran", "Oskar"]
        case .no: ["Kari", "Ingrid", "Anne", "Marit", "Liv", "Solveig", "Hanne", "Ola", "Per", "Jan", "Bjørn", "Knut", "Arne", "Håkon", "Sindre", "Øystein"]
        case .dk: ["Mette", "Hanne", "Kirsten", "Susanne", "Lene", "Camilla", "Søren", "Jens", "Niels", "Lars", "Mads", "Rasmus", "Jørgen", "Anders", "Frederik"]
        }
    }

    static func lastNames(_ country: Country) -> [String] {
        switch country {
        case .se: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Lindström", "Lindqvist", "Bergström", "Åkesson", "Sjöberg"]
        case .no: ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen", "Hagen", "Bakken", "Sæther", "Østby", "Kristiansen"]
        case .dk: ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Mølgaard"]
        }
    }

    static func streets(_ country: Country) -> [String] {
        switch country {
        case .se: ["Storgatan", "Drottninggatan", "Kungsgatan", "Skolgatan", "Järnvägsgatan", "Björkvägen", "Ringvägen", "Östra Långgatan"]
        case .no: ["Storgata", "Kirkegata", "Skolegata", "Fjellveien", "Strandveien", "Bjørkeveien", "Torggata", "Sjøgata"]
        case .dk: ["Vestergade", "Østergade", "Nørregade", "Søndergade", "Skolevej", "Kirkevej", "Strandvejen", "Møllevej"]
        }
    }

    static func places(_ country: Country) -> [(postalCode: String, city: String)] {
        switch country {
        case .se: [("111 22", "Stockholm"), ("411 38", "Göteborg"), ("211 20", "Malmö"), ("753 20", "Uppsala"), ("582 24", "Linköping"), ("901 84", "Umeå")]
        case .no: [("0150", "Oslo"), ("5003", "Bergen"), ("7011", "Trondheim"), ("4006", "Stavanger"), ("9008", "Tromsø"), ("3015", "Drammen")]
        case .dk: [("1050", "København K"), ("8000", "Aarhus C"), ("5000", "Odense C"), ("9000", "Aalborg"), ("6700", "Esbjerg"), ("7100", "Vejle")]
        }
    }

    static func emailDomain(_ country: Country) -> String {
        switch country {
        case .se: "example.se"
        case .no: "example.no"
        case .dk: "example.dk"
        }
    }

    /// ASCII form of a name for e-mail addresses.
    static func ascii(_ name: String) -> String {
        var output = ""
        for character in name.lowercased() {
            switch character {
            case "å", "ä": output += "a"
            case "ö", "ø": output += "o"
            case "æ": output += "ae"
            case " ": output += "."
            default: output.append(character)
            }
        }
        return output
    }
}
