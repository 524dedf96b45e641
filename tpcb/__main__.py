from tpcb.cli import main

main()
