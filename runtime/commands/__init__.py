"""The subcommands of `dicodec`: one module each, registering itself with `add_parser`.

`dicodec.cli` lists the modules; each one adds its parser (with examples in its help)
and sets `run`, the function that takes the parsed arguments and returns the exit
status (`dicodec.commands.common` holds the conventions they share).
"""
