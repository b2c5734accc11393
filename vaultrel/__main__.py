from vaultrel.cli import main

main()
