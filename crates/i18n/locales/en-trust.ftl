# Issue 11's open ends and the padrón pages (branch u-trust).

import_changed_meanwhile = The register changed while the file was being imported (a family it changed was removed, or a parcel code was taken); nothing was imported. Import the file again.

## The verification page: the key log and its pin (`serve --key-pin`).
trust-keys-heading = Signing keys
trust-keys-pinned = The signing keys were checked against the pin { $pin }, kept outside the database: only signatures made with keys that pin vouches for count.
trust-keys-pin-mismatch = The key log does not match the pin { $pin } the server was given: the log was rewritten, or the pin belongs to another installation. No signature is trusted until this is cleared up.
trust-keys-unpinned = The signing keys are not pinned: the key log was taken as it stands in the database, and someone able to rewrite all of it could add keys of their own without this page noticing. To pin them, whoever runs the server runs "cabildo keys pin", keeps the result outside the database and starts the server with "cabildo serve --key-pin cabildo-keys:N:HASH" (or the variable CABILDO_KEY_PIN).

## `cabildo user add`: the new account's signing key.
cli-user-key-endorsed = Its signing key is in the key log (entry { $seq }), endorsed by { $admin }'s key: a pin taken before still covers it.
cli-user-key-not-endorsed = Note: { $username }'s signing key will be made at its first signing, signed by itself, and only a pin taken afterwards will vouch for it. To have an administrator endorse it, create the account with "cabildo user add … --endorse-by ADMIN", or reset its password with "cabildo user reset { $username } --admin ADMIN" before it signs.

## API tokens: their last use (recorded at most once a minute).
trust-token-last-used = Last used
trust-token-never-used = never used
cli-token-last-used = last used { $at }

## Closing an election whose winner left the register meanwhile.
elected_not_registered = { $name } won the election, but is no longer on the register of { $body } (their family left the padrón or their membership ended while the vote was open): the office cannot be given to them. If that was a mistake, register them again and close the vote; otherwise the vote stays open until it is settled.

## The padrón: pages, download and print.
trust-padron-page = Page { $page } of { $pages }
trust-padron-sheet = Page { $page } of { $pages }
trust-padron-families = { $count ->
    [one] { $shown } family
   *[other] { $shown } families
}
trust-padron-download = Download the padrón (CSV)
trust-padron-print = Print the padrón
trust-padron-print-help = Print view: each sheet carries the organisation's name and its page number. Use the browser's "Print" (A4 or letter, portrait).
trust-padron-signature = Signature
