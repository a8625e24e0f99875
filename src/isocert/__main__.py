from isocert.cli import main

main()
