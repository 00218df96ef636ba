"""The plans demo's data: theme weights, payees, and tiny receipt files that pass the content
check (a 1x1 PNG header and a minimal PDF)."""

SPENDS_PER_PARTNERSHIP = 150
# Theme weights of the costed vision: each partnership puts its money in different places.
WEIGHTS = [
    {"Community spaces": 4, "Young people": 3, "Health and wellbeing": 2, "Environment": 1},
    {"Employment and skills": 4, "Young people": 2, "Connectivity": 2, "Community spaces": 2},
]
PAYEES = [
    ("St Mark's Church Hall", "Room hire for the drop-in"), ("Greenway Print", "Leaflets"),
    ("Northern Rail", "Volunteers' travel to training"), ("Kaur's Cash and Carry", "Refreshments"),
    ("Brightside Youth Trust", "Youth club session worker"), ("B&Q", "Paint and brushes"),
    ("Men's Shed CIC", "Tools for the repair café"), ("Local Works Ltd", "CV workshop tutor"),
    ("Hedgerow Landscapes", "Planting for the pocket park"), ("Zoom", "Meeting subscription"),
]  # fmt: skip
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
