# A body publishes its book's totals on its public page (issue 15, item 6): totals only, never a
# family.

## History

audit-ledger-publish = { $actor } published the book's totals of { $body } on its public page{ $resolution ->
    [none] {""}
   *[other] , by resolution { $resolution }
}
audit-ledger-unpublish = { $actor } withdrew the book's totals of { $body } from its public page{ $resolution ->
    [none] {""}
   *[other] , by resolution { $resolution }
}

## The book's page

publish-heading = Totals on the public page
publish-intro = The assembly decides whether the body's public page shows its accounts. Only totals are published: income by kind, expenses by purpose, transfers, cash, and what is owed in arrears with the number of families. Never a family's name nor what each one owes.
publish-on = Published since { $date }; decided by { $who }.
publish-on-resolution = Published since { $date } by resolution { $resolution }; recorded by { $who }.
publish-off = Not published: the public page shows nothing of the accounts.
publish-off-since = Withdrawn on { $date } by { $who }: the public page shows nothing of the accounts.
publish-field-resolution = Resolution of the assembly that decided it (number, optional)
publish-button = Publish the totals on the public page
unpublish-button = Withdraw the totals from the public page
publish-page-unpublished = The body's public page is not published: the totals will show once it is.

## The public page

public-ledger-heading = The body's accounts
public-ledger-intro = Totals the body decided to publish. Never a family's name.
public-ledger-year = { $year }, up to { $date }
public-ledger-income = Income
public-ledger-total-income = Total income
public-ledger-expenses = Expenses
public-ledger-total-expenses = Total expenses
public-ledger-no-income = No income.
public-ledger-no-expenses = No expenses.
public-ledger-transfers-in = Received from other bodies
public-ledger-transfers-out = Sent to other bodies
public-ledger-cash = In cash
public-ledger-arrears = In arrears
public-ledger-arrears-families = { $count ->
    [0] No family in arrears
    [one] One family in arrears
   *[other] { $count } families in arrears
}
public-ledger-concept = Item
public-ledger-amount = Amount

## Command line

ledger-cli-published = The totals of { $body } are published on its public page.
ledger-cli-unpublished = The totals of { $body } are not published on its public page.
