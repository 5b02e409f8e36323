from graph_mtl.cli import main

main()
