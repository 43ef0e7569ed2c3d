from newstrail.cli.main import app

app(prog_name="newstrail")
