using System.Text.Json;

namespace MailServerOperator.Tests.Deploy;

/// <summary>
/// Evaluates an Argo CD health script as Argo CD does: the object in the global <c>obj</c>, only the base and table
/// libraries and a safe <c>os</c> (no <c>string</c>, <c>io</c> or <c>debug</c>, no string methods), the returned
/// table's <c>status</c> and <c>message</c> read back.
/// </summary>
internal static class ArgoCdHealthScript
{
    private const string Harness = """
        local script = assert(loadfile(arg[1]))
        local env = {
          obj = OBJECT,
          assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
          rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, setmetatable = setmetatable,
          getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
          xpcall = xpcall, _VERSION = _VERSION,
          print = function(...) io.stderr:write(table.concat({...}, "\t"), "\n") end,
          table = table,
          os = { clock = os.clock, date = os.date, difftime = os.difftime, time = os.time },
        }
        env._G = env
        setfenv(script, env)
        getmetatable("").__index = nil
        local hs = script()
        if type(hs) ~= "table" then
          error("the health script returned " .. type(hs) .. ", not a table")
        end
        io.write(tostring(hs.status), "\n", tostring(hs.message))
        """;

    public static async Task<(string Status, string Message)> EvaluateAsync(string scriptPath, JsonElement obj)
    {
        var output = await Lua51.RunAsync(Harness.Replace("OBJECT", LuaLiteral.From(obj), StringComparison.Ordinal), scriptPath);
        var newline = output.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (output, "") : (output[..newline], output[(newline + 1)..]);
    }
}
