"""The segmentation report behind scripts/report.py (its command line), one job a module:

- marts: reading the marts (the populations' relations and columns, query helpers, codes in
  a reader's order, the codes' Chinese labels from the marts' `<column>_zh` columns);
- cutoffs: the quadrants' cutoff lines, from the resolved cutoffs or where the bands change;
- quadrants: each quadrant's customers one by one or as density cells, at any scale;
- encoding: the payload's compact columnar encoding (codes as indexes, short numbers);
- explanations: the explanation cards of marts.fct_customer_explanations (scripts/explain.py
  prints one; the payload embeds the top lists' customers');
- payload: the data the page embeds (the tier x segment totals of mart_segment_summary,
  branches, mix, migration, the largest groups, top lists, quadrants, cutoffs, labels,
  colours);
- page: the HTML page (page.html, page.css and the page script report.js, inlined);
- writer: reading a DuckDB file and writing the page.
"""
