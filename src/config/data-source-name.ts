/** Names a data source may have in configuration.yml (Soda's rule); also the name of Soda Cloud's own block. */
export const DATA_SOURCE_NAME = /^[a-z_][a-z_0-9]+$/;
