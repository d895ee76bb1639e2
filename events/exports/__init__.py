"""The programme in the formats other software reads: iCalendar, frab schedule XML and its
JSON."""
