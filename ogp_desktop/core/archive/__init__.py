"""The archive: the unit's minutes written in Word, read into draft minutes.

`reading` opens a .docx (refusing what is not one, before anything is written) and gives
its text in order; `parsing` turns that text into a `ParsedMinutes` whose every field says
where it came from and whether it was guessed; `matching` finds the plans, committees,
commitments, people and organisations it names among the existing records; `importer`
writes the draft (one file, or a batch with a report). No Qt here: the GUI passes its
progress and cancel callables in."""
