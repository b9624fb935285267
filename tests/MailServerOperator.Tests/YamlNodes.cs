using YamlDotNet.RepresentationModel;

namespace MailServerOperator.Tests;

internal static class YamlNodes
{
    public static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }
}
