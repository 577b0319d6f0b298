"""Backups that restore (docs/operators/backups.md): `caution backup` puts the database and
the private files in one archive with a manifest; `caution restore` puts them back and makes
again the deletions made since. Project level: it orchestrates the apps, and none imports it."""
