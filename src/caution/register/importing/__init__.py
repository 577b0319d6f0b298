"""Import of a council's existing register spreadsheet (`000 §8.5`), CSV or XLSX:
`reading` the file, `mapping` its rows to the register (every row validated before anything
is written; any problem: every problem is reported, row, column and reason, and nothing is
imported), and `writing` them, in one transaction, with bulk inserts, audited as one
import (`writing.register_import`)."""
