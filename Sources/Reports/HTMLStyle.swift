/// The styles of an HTML report, inside the page: system fonts only, nothing fetched. On paper
/// the page takes the printer's size, A4 or Letter, with margins that leave the same text width
/// on both (A4 is the narrower: 210 mm less 2 × 16 mm); tables wrap long words rather than run
/// off the page, keep their header on every page and never split a row.
enum HTMLStyle {
    static let css = """
    :root { --ink: #1d2433; --muted: #5b6475; --rule: #c9cfda; --head: #eef1f6; --accent: #1f3a68; }
    html { color: var(--ink); background: #fff; }
    body { font: 15px/1.45 "Liberation Sans", "Helvetica Neue", Arial, sans-serif; margin: 0; }
    main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
    h1 { font-size: 1.7rem; line-height: 1.25; color: var(--accent); margin: 0 0 1rem;
         padding-bottom: .5rem; border-bottom: 3px solid var(--accent); }
    h2 { font-size: 1.25rem; color: var(--accent); margin: 2rem 0 .6rem; padding-top: .4rem;
         border-top: 1px solid var(--rule); }
    h3 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
    h4 { font-size: .95rem; margin: 1.1rem 0 .4rem; }
    p, ul { margin: .5rem 0; }
    ul { padding-left: 1.4rem; }
    li { margin: .15rem 0; }
    code { font: .85em "Liberation Mono", Menlo, Consolas, monospace; background: var(--head);
           padding: 0 .2em; border-radius: 2px; }
    table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .88rem; }
    th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top;
             overflow-wrap: break-word; }
    thead th { background: var(--head); }
    tbody tr:nth-child(even) td { background: #f8f9fb; }
    /* The audit's facts under the title: a cover block. */
    h1 + table { min-width: 60%; font-size: .95rem; }
    h1 + table th, h1 + table tr:nth-child(n) td { border: 0; border-bottom: 1px solid var(--rule); background: none; }
    h1 + table tr > :first-child { color: var(--muted); font-weight: normal; padding-right: 2rem; white-space: nowrap; }
    h1 + table thead th:last-child { font-weight: bold; }
    /* A table with its chart beside it. */
    .beside { display: flex; flex-wrap: wrap; align-items: flex-start; column-gap: 2.5rem; }
    figure.chart { margin: .6rem 0 1rem; }
    figure.chart svg { display: block; max-width: 100%; height: auto; }
    figure.chart text { font: 12px "Liberation Sans", Arial, sans-serif; fill: var(--ink); }
    figcaption { font-size: .8rem; color: var(--muted); margin-top: .2rem; }
    .tone-grave { fill: #b3261e; } .tone-serious { fill: #e07b00; } .tone-notable { fill: #c9a100; }
    .tone-mild { fill: #3a78c2; } .tone-good { fill: #2e7d32; } .tone-neutral { fill: #7d8595; }
    .tone-none { fill: #e3e7ee; }
    @page { margin: 18mm 16mm 20mm;
            @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; color: #5b6475; } }
    @media print {
      body { font-size: 10pt; }
      main { max-width: none; padding: 0; }
      h1 { font-size: 18pt; }
      h2 { font-size: 13pt; break-after: avoid; }
      h3, h4 { break-after: avoid; }
      table { font-size: 8.5pt; }
      thead { display: table-header-group; }
      tr, figure.chart, li, .beside { break-inside: avoid; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
