// The per-country holiday rules. Each change of law is written as the first year it applies;
// docs/DOMAIN.md lists the same choices for people.
extension HolidayCalendar.Builder {
    /// Sweden: lag (1989:253) om allmänna helgdagar, plus the days banks keep closed.
    mutating func addSweden() {
        add(month: 1, day: 1, "Nyårsdagen")
        add(month: 1, day: 6, "Trettondedag jul")
        add(easterOffset: -2, "Långfredagen")
        add(easterOffset: 0, "Påskdagen")
        add(easterOffset: 1, "Annandag påsk")
        if year >= 1939 { add(month: 5, day: 1, "Första maj") }
        add(easterOffset: 39, "Kristi himmelsfärdsdag")
        add(easterOffset: 49, "Pingstdagen")
        if year <= 2004 { add(easterOffset: 50, "Annandag pingst") }  // replaced by the National Day
        if year >= 2005 { add(month: 6, day: 6, "Sveriges nationaldag") }
        if year >= 1953 {
            let midsummerDay = first(.saturday, onOrAfterMonth: 6, day: 20)
            add(midsummerDay.adding(days: -1), "Midsommarafton", .bankClosingDay)
            add(midsummerDay, "Midsommardagen")
            add(first(.saturday, onOrAfterMonth: 10, day: 31), "Alla helgons dag")
        } else {
            add(month: 6, day: 23, "Midsommarafton", .bankClosingDay)
            add(month: 6, day: 24, "Midsommardagen")
            add(month: 11, day: 1, "Alla helgons dag")
        }
        add(month: 12, day: 24, "Julafton", .bankClosingDay)
        add(month: 12, day: 25, "Juldagen")
        add(month: 12, day: 26, "Annandag jul")
        add(month: 12, day: 31, "Nyårsafton", .bankClosingDay)
    }

    /// Norway: helligdagsloven and lov om 1. og 17. mai (1947), plus the days Norges Bank's
    /// settlement is closed (24 and 31 December).
    mutating func addNorway() {
        add(month: 1, day: 1, "Første nyttårsdag")
        add(easterOffset: -3, "Skjærtorsdag")
        add(easterOffset: -2, "Langfredag")
        add(easterOffset: 0, "Første påskedag")
        add(easterOffset: 1, "Andre påskedag")
        if year >= 1947 {
            add(month: 5, day: 1, "Offentlig høytidsdag")
            add(month: 5, day: 17, "Grunnlovsdag")
        }
        add(easterOffset: 39, "Kristi himmelfartsdag")
        add(easterOffset: 49, "Første pinsedag")
        add(easterOffset: 50, "Andre pinsedag")
        add(month: 12, day: 24, "Julaften", .bankClosingDay)
        add(month: 12, day: 25, "Første juledag")
        add(month: 12, day: 26, "Andre juledag")
        add(month: 12, day: 31, "Nyttårsaften", .bankClosingDay)
    }

    /// Denmark: the Church's holidays (Store bededag abolished from 2024), plus the days
    /// Danmarks Nationalbank and the banks keep closed.
    mutating func addDenmark() {
        add(month: 1, day: 1, "Nytårsdag")
        add(easterOffset: -3, "Skærtorsdag")
        add(easterOffset: -2, "Langfredag")
        add(easterOffset: 0, "Påskedag")
        add(easterOffset: 1, "2. påskedag")
        if year <= 2023 { add(easterOffset: 26, "Store bededag") }  // lov nr. 203 of 28 Feb 2023
        add(easterOffset: 39, "Kristi himmelfartsdag")
        add(easterOffset: 40, "Fredag efter Kristi himmelfartsdag", .bankClosingDay)
        add(easterOffset: 49, "Pinsedag")
        add(easterOffset: 50, "2. pinsedag")
        add(month: 6, day: 5, "Grundlovsdag", .bankClosingDay)
        add(month: 12, day: 24, "Juleaftensdag", .bankClosingDay)
        add(month: 12, day: 25, "Juledag")
        add(month: 12, day: 26, "2. juledag")
        add(month: 12, day: 31, "Nytårsaftensdag", .bankClosingDay)
    }
}
