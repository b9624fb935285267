using MailServerOperator.Api;
using MailServerOperator.Informers;

namespace MailServerOperator.Tests.Informers;

public sealed class ObjectStoreTests
{
    private readonly ObjectStore<Item> _store = new(i => i.ResourceVersion);

    [Theory]
    [InlineData("5", "6", true)]
    [InlineData("6", "5", false)]
    [InlineData("5", "5", false)]
    [InlineData("9", "10", true)]
    [InlineData("5", "opaque", true)]
    public void Upsert_ExistingVersion_StoresOnlyANewerOne(string stored, string incoming, bool replaced)
    {
        var key = new ObjectKey("ns", "a");
        _store.Upsert(key, new Item("a", stored));

        var (wasStored, previous) = _store.Upsert(key, new Item("a", incoming));

        Assert.Equal(replaced, wasStored);
        Assert.Equal(stored, previous!.ResourceVersion);
        Assert.Equal(replaced ? incoming : stored, _store.Get(key)!.ResourceVersion);
    }

    [Fact]
    public void Upsert_NewKey_StoredWithoutPrevious()
    {
        var (stored, previous) = _store.Upsert(new ObjectKey("ns", "a"), new Item("a", "1"));

        Assert.True(stored);
        Assert.Null(previous);
    }

    [Fact]
    public void ListAndKeys_SeveralNamespaces_KeptApart()
    {
        _store.Upsert(new ObjectKey("x", "a"), new Item("a", "1", "x"));
        _store.Upsert(new ObjectKey("x", "b"), new Item("b", "2", "x"));
        _store.Upsert(new ObjectKey("y", "a"), new Item("a", "3", "y"));

        Assert.Equal(["a", "b"], _store.List("x").Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal([new ObjectKey("y", "a")], _store.Keys("y"));
        Assert.Empty(_store.Keys("z"));
        Assert.Equal(3, _store.Keys().Count);
        Assert.Equal(["x", "y"], _store.Namespaces().Order(StringComparer.Ordinal));
        Assert.True(_store.Any("x"));
        Assert.False(_store.Any("z"));
    }

    [Fact]
    public void Remove_LastInNamespace_NamespaceGone()
    {
        var key = new ObjectKey("x", "a");
        _store.Upsert(key, new Item("a", "1", "x"));

        Assert.Equal("1", _store.Remove(key)!.ResourceVersion);
        Assert.Null(_store.Remove(key));
        Assert.Empty(_store.Namespaces());
        Assert.False(_store.Any("x"));
        Assert.Null(_store.Get(key));
    }
}
