"""The demo data generator's package (scripts/generate_demo_data.py is its command line).

contract     the raw tables' columns, types, keys and record_key
vocabulary   regions, branches, industries, name words the master data is drawn from
draws        the deterministic random draws and USCC codes, as DuckDB macros
warehouse    writing into DuckDB: tables built aside, swapped in at once
context      what one run shares: options, days, writer, planted and flagged lists
ecif         customers, branches, groups, financials, tags
core         deposit accounts and balances, transactions, fees, FX rates
credit       loans and their balances, ratings, the bureau's summary
crm          prospects and assessments, surveys, agreements, managers and visits
kept_values  odd but valid values: kept and flagged, or normalised by staging
bad_values   what each kind of bad row and each unreadable text value looks like
planting     planting them at --bad-rate, and the manifest of planted rows
generator    one run, in order, and its summary
"""
