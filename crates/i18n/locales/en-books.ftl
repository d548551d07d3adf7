# The union's books (issue 15, parts 3, 5 and 6): payments imported from a spreadsheet, documents
# on expenses, the report presented to the assembly, who sees what.

ledger_import_too_large = The file is too large: at most { $rows } payments and { $size } per import. Split it into several files.
ledger_ambiguous_family = { $count } families of { $body } are called “{ $reference }”: name the family by its member card or register number.
ledger_import_no_family_column = The payments file has no column saying which family paid (e.g. "Carnet", "N°", "Lote" or "Nombre").
ledger_import_no_amount_column = The payments file has no column for the amount (e.g. "Monto").
audit-ledger-import = { $actor } imported { $count ->
    [one] one payment
   *[other] { $count } payments
} into { $body } (Bs { $amount })
field-sheet = Payments spreadsheet (CSV)
books-import-title = Import payments from a spreadsheet
books-import = Import payments
books-import-link = Import payments from a spreadsheet (CSV)
books-import-intro = Save the spreadsheet as CSV from Excel. Columns: the family ("Carnet", "N°", "Lote" or "Nombre"), "Monto", "Fecha" (dd/mm/yyyy; empty: today) and, if you like, "Nota". If any row has a mistake nothing is recorded and you are told every row to fix. Each payment is spread as at the desk and gets its own numbered receipt.
books-import-ok = { $count ->
    [one] One payment was recorded.
   *[other] { $count } payments were recorded.
}
books-import-receipts = Total { $total }; receipts { $first } to { $last }.
books-cli-imported = { $count ->
    [one] One payment was recorded
   *[other] { $count } payments were recorded
} for { $total }; receipts { $first } to { $last }.

ledger_document_too_large = The document is too large: at most { $size }. Take the photo at a lower resolution or scan the PDF in black and white.
ledger_document_type = The document must be a photo (JPEG or PNG) or a PDF of the invoice or receipt.
ledger_document_exists = Entry { $entry } already has its document: documents are not replaced.
ledger_not_an_expense = Entry { $entry } is not an expense: only expenses carry a document.
ledger_unknown_document = There is no document { $reference }.
audit-ledger-document = { $actor } attached a document to expense { $entry } of { $body }: { $what }
books-document-link = The expense's document
books-documents = Documents of the expenses
books-document-title = The expense's document
books-document-name = File
books-document-type = Type
books-document-size = Size
books-document-added = Attached by
books-document-photo = Photo
books-document-pdf = PDF
books-document-download = Download the document
books-document-file = Photo or PDF of the invoice or receipt
books-document-help = JPEG, PNG or PDF, at most { $size }. Once attached it is not changed.
books-document-attach = Attach the document
books-document-none = This expense has no document.
books-cli-attached = Document { $name } attached to expense { $entry } (SHA-256 { $sha256 }).

books-present-title = Financial report { $period } of { $body }
books-present-text = The secretary of finance presents the financial report for the period { $period }: cash at the start { $opening }; income { $income }; expenses { $expenses }; cash at the close { $closing }; { $families ->
    [one] one family in arrears
   *[other] { $families } families in arrears
} for { $arrears }. The assembly is asked to approve it.
books-cli-presented = Report { $period } presented as motion { $motion } under item { $item } of the agenda.
books-present-heading = Present to the assembly
books-present-intro = The report is presented as a motion under an agenda item of an assembly in session, with today's totals written into its text: the acta records that it was presented and whether the assembly approved or rejected it.
books-present-assembly = Assembly No.
books-present-item = Agenda item
books-present = Present the report
