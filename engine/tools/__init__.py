"""Tools a model may use in a turn: the contract (``spec``), the built-in tools, the
calls' formats (``calls``), the loop inside a turn (``loop``), the Tools log (``ledger``)
and the MCP client (``mcp_client``, ``mcp_stdio``). Nothing heavy is imported here."""
