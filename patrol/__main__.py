from patrol.cli import main

main()
