"""Partnership sharing services: packages (export/parse), imports (bind, dry run, apply), library, bulk spreadsheets."""
