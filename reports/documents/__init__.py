"""The year's documents of a union: the annual work summary and the audit committee's review report.

Both are one machine: written from the records, edited section by section, frozen when signed, and
compared afterwards with the records by their numbers only (`changes`); both print through one
GB/T 9704 Word writer (`word`).
"""
