# Django's English month and day is "F j" ("November 12"); ours is abbreviated as its
# English date with the year already is ("N j, Y": "Nov. 12, 2025"). Other languages
# keep Django's own formats.
MONTH_DAY_FORMAT = "N j"
