"""Pages of the member register: the roll, each member, imports and exports, hardship files."""
