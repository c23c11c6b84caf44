from provguard.cli.main import run

run()
