"""The demo's data tables: real left-behind wards, plausible LTOs, the dozen partnerships and
their members' names and decisions. devtools/demo/partnerships.py builds them through the
services."""

from partnerships.models import Member, Partnership

S = Partnership.Status

# (code, ward, local authority code, local authority, region): real left-behind wards.
WARDS = {
    "grange": ("E05001585", "Grange", "E06000006", "Halton", "North West"),
    "horden": ("E05009065", "Horden", "E06000047", "County Durham", "North East"),
    "bransholme_e": ("E05001667", "Bransholme East", "E06000010", "Kingston upon Hull, City of",
                     "Yorkshire and The Humber"),
    "bransholme_w": ("E05001668", "Bransholme West", "E06000010", "Kingston upon Hull, City of",
                     "Yorkshire and The Humber"),
    "golf_green": ("E05004235", "Golf Green", "E07000076", "Tendring", "East of England"),
    "cliftonville": ("E05005088", "Cliftonville West", "E07000114", "Thanet", "South East"),
    "kingstanding": ("E05001192", "Kingstanding", "E08000025", "Birmingham", "West Midlands"),
    "bentilee": ("E05008716", "Bentilee and Ubberley", "E06000021", "Stoke-on-Trent",
                 "West Midlands"),
    "moss_bay": ("E05003132", "Moss Bay", "E07000026", "Allerdale", "North West"),
    "moorclose": ("E05003131", "Moorclose", "E07000026", "Allerdale", "North West"),
    "paulsgrove": ("E05002452", "Paulsgrove", "E06000044", "Portsmouth", "South East"),
    "clifton_south": ("E05001832", "Clifton South", "E06000018", "Nottingham", "East Midlands"),
    "nelson": ("E05005795", "Nelson", "E07000145", "Great Yarmouth", "East of England"),
    "north_ormesby": ("E05009867", "North Ormesby", "E06000002", "Middlesbrough", "North East"),
    "littlemoor": ("E05003770", "Littlemoor", "E07000053", "Weymouth and Portland", "South West"),
}  # fmt: skip

# Approximate residents of each demo ward, for the trustees' funding per head: round figures of
# the size such wards have (a few thousand to a few tens of thousands), made up for the demo.
# They are NOT official statistics: import the ONS mid-year ward estimates (or an IMD file with
# its population column) for real figures. The demo sets them only where the register has none.
DEMO_POPULATIONS = {
    "grange": 6900,
    "horden": 8100,
    "bransholme_e": 10400,
    "bransholme_w": 8800,
    "golf_green": 5200,
    "cliftonville": 9600,
    "kingstanding": 14500,
    "bentilee": 10800,
    "moss_bay": 5500,
    "moorclose": 6100,
    "paulsgrove": 11600,
    "clifton_south": 9300,
    "nelson": 7400,
    "north_ormesby": 3400,
    "littlemoor": 4700,
}

# (name, charity number, company number, supplier reference, due diligence passed?)
LTOS = {
    "halton": ("Halton Community Development Trust", "1187342", "11234567", "SUP-0101", True),
    "east_durham": ("East Durham Community Partnership Trust", "1163309", "", "SUP-0102", True),
    "north_hull": ("North Hull Neighbourhood Trust", "1179021", "10987654", "SUP-0103", True),
    "tendring": ("Tendring Coast Community Foundation", "1192876", "", "", False),
    "birmingham": ("Kingstanding Community Hub CIO", "1171155", "", "SUP-0105", True),
    "stoke": ("Potteries Community Action", "1158840", "08871234", "SUP-0106", True),
    "west_cumbria": ("West Cumbria Community Trust", "1182290", "", "SUP-0107", True),
    "portsmouth": ("Paulsgrove and Wymering Community Association", "1166671", "", "SUP-0108",
                   True),
    "nottingham": ("Clifton Community Partnership Trust", "1149923", "", "SUP-0109", True),
    "teesside": ("North Ormesby Neighbourhood Development Trust", "1175506", "09123456",
                 "SUP-0110", True),
    "dorset": ("Littlemoor and Chickerell Community Trust", "1189918", "", "SUP-0111", True),
}  # fmt: skip

# name, wards, LTO, status, voting members, residents among them.
PARTNERSHIPS = [
    ("Horden Together", ["horden"], "east_durham", S.DELIVERING, 11, 8),
    ("Bransholme Big Local", ["bransholme_e", "bransholme_w"], "north_hull", S.ENDORSED, 10, 7),
    ("Golf Green Community Partnership", ["golf_green"], "tendring", S.FORMING, 9, 6),
    ("Cliftonville West Partnership", ["cliftonville"], None, S.FORMING, 5, 3),
    ("Kingstanding Together", ["kingstanding"], "birmingham", S.DELIVERING, 12, 9),
    ("Bentilee and Ubberley Big Local", ["bentilee"], "stoke", S.CLOSING, 9, 6),
    ("Moss Bay and Moorclose Partnership", ["moss_bay", "moorclose"], "west_cumbria",
     S.ENDORSED, 9, 6),
    ("Paulsgrove Community Partnership", ["paulsgrove"], "portsmouth", S.DELIVERING, 10, 7),
    ("Clifton South Partnership", ["clifton_south"], "nottingham", S.CLOSED, 8, 5),
    ("Nelson Ward Big Local", ["nelson"], None, S.FORMING, 7, 3),
    ("North Ormesby Partnership", ["north_ormesby"], "teesside", S.DELIVERING, 10, 8),
    ("Littlemoor Partnership", ["littlemoor"], "dorset", S.ENDORSED, 8, 6),
]  # fmt: skip

FIRST = ["Janet", "Mohammed", "Karen", "David", "Shazia", "Paul", "Bernadette", "Tomasz", "Linda",
         "Kwame", "Sharon", "Gary", "Aisha", "Michael", "Donna", "Ravinder", "Stephen", "Chloe",
         "Ian", "Funmi", "Margaret", "Lee", "Agnieszka", "Craig", "Pauline", "Imran", "Hayley",
         "Trevor", "Precious", "Dean"]  # fmt: skip
LAST = ["Robson", "Hussain", "Walker", "Thompson", "Begum", "Hughes", "O'Neill", "Nowak", "Clarke",
        "Mensah", "Bell", "Atkinson", "Ahmed", "Murphy", "Wilson", "Kaur", "Dixon", "Turner",
        "Armstrong", "Adeyemi", "Scott", "Harrison", "Kowalska", "Graham", "Shaw", "Khan",
        "Fletcher", "Lowe", "Okafor", "Marshall"]  # fmt: skip
ROLES = [Member.Role.CHAIR, Member.Role.VICE_CHAIR, Member.Role.TREASURER]

# (title, what was decided, amount, theme)
DECISIONS = [
    ("Community hub refurbishment", "Fund new kitchen and accessible toilets at the community "
     "hub, with three quotes obtained by the LTO.", "18500.00", "Community spaces"),
    ("Youth club sessions", "Pay for two youth club evenings a week for a year, run by the "
     "local youth trust.", "12400.00", "Young people"),
    ("Summer fun day", "Hold a free family fun day in the park in August.", "2750.00",
     "Community events"),
    ("Small grants panel", "Set up a small grants panel of four residents to award grants of "
     "up to £500 to local groups.", "5000.00", "Community groups"),
    ("Digital drop-in", "Run a weekly digital help drop-in at the library, with loan laptops.",
     "6300.00", "Connectivity"),
    ("Adopt the terms of reference", "Adopt the partnership's terms of reference as circulated.",
     None, ""),
]  # fmt: skip
