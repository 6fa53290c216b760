namespace Personalization.Sql.Tests;

public sealed class PostgresServerTests
{
    [Fact]
    public void Require_VariableMissing_FailsSayingHowToStartTheServer()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PostgresServer.Require(null));
        Assert.Contains("PERSONALIZATION_POSTGRES", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bash eng/test.sh", ex.Message, StringComparison.Ordinal);
        Assert.Contains("eval \"$(bash eng/postgres.sh start)\"", ex.Message, StringComparison.Ordinal);
    }
}
