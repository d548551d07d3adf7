# The key log, passwords and their changes (issue 11).

## What the verifier finds in the key log and in the signatures' keys.
key_log_broken = Key log, entry { $seq }: it was changed, or an entry before it was removed.
key_pin_mismatch = The key log does not hold the entry { $seq } the kept pin names: it was rewritten or truncated.
key_bad_endorsement = Key log, entry { $seq } ({ $username }): it has no valid endorsement.
key_unendorsed = Key log, entry { $seq } ({ $username }): no trusted key endorses it.
acta_untrusted_key = { $acta }: { $signer } signed with a key the key log does not endorse.
acta_key_superseded = { $acta }: { $signer } signed with a key already replaced.
key_not_derived = Your signing key does not come from your password: ask an administrator to reset your password.

## Form fields.
field-current_password = current password
field-new_password = new password
field-new_password_again = new password, again
field-admin_password = your (administrator's) password

## Pages.
web-change-password = Change my password
web-reset-password = Reset an account's password
web-passwords-differ = The two new passwords are not the same.
web-password-changed = Password changed. Your new signing key is endorsed by the old one, and your other sessions were ended.
web-password-reset = Password of { $username } reset. Their new signing key is endorsed by yours, and their sessions were ended.

web-change-password-submit = Change the password
web-reset-password-submit = Reset the password

## Command line.
cli-password-changed = Password of { $username } changed; new signing key endorsed by the old one.
cli-password-reset = Password of { $username } reset by { $admin }; new signing key endorsed by { $admin }.
cli-passwords-missing = Passwords missing: give { $count ->
    [one] { $count } line
   *[other] { $count } lines
} on standard input ({ $which }).
cli-passwords-old-new = the current one and the new one
cli-passwords-admin-new = the administrator's and the new one
cli-key-pin = Pin of the key log (keep it outside this database, on paper or elsewhere):
cli-key-pin-empty = The key log is empty: no account has a signing key yet.
cli-key-pin-invalid = “{ $pin }” is not a key log pin: it is written cabildo-keys:NUMBER:HASH.
cli-key-entry = { $seq } { $kind } { $username }{ $admin } { $key } endorsed by: { $endorser }
cli-key-admin = (administrator)
cli-key-self = itself
cli-key-nobody = nobody
cli-key-kind-root = root
cli-key-kind-enrolled = enrolled
cli-key-kind-rotation = rotation
cli-key-kind-reset = reset
cli-key-kind-legacy = legacy
cli-keys-intact = Key log intact: { $count ->
    [one] { $count } key.
   *[other] { $count } keys.
}
cli-verify-keys-pinned = Signing keys checked against the pin { $pin }.
cli-verify-keys-unpinned = Signing keys checked against the key log as found in the database: to detect a rewritten log, give --pin (see cabildo keys pin).
