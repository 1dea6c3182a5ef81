namespace Cluster.Edge.Defense;

public enum BudgetVerdict
{
    /// <summary>Within the source's budget.</summary>
    Within,

    /// <summary>Over budget: shed this packet.</summary>
    Over,

    /// <summary>Over budget persistently (pike): shed it and block the source.</summary>
    Flood,

    /// <summary>The table of sources is full of active ones: shed new sources.</summary>
    Refused,
}
