"""More shapes: old-syntax reentrancy, open upgrade, ERC-4626 override, balance-ratio price, approve helper, NFT traits."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="re_club_bank_04.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.4.24",
        fn="cashOut",
        shape="0.4 msg.sender.call.value(amount)() before the debit",
        src="""
pragma solidity ^0.4.24;

contract MembersClubBank {
    mapping(address => uint256) public credit;
    uint256 public minCashOut = 0.05 ether;

    function topUp() public payable {
        credit[msg.sender] += msg.value;
    }

    function cashOut(uint256 amount) public {
        require(amount >= minCashOut);
        require(credit[msg.sender] >= amount);
        require(msg.sender.call.value(amount)());  //@
        credit[msg.sender] -= amount;  //@
    }
}
""",
        fix=[
            (
                """        require(msg.sender.call.value(amount)());  //@
        credit[msg.sender] -= amount;  //@""",
                """        credit[msg.sender] -= amount;
        require(msg.sender.call.value(amount)());""",
            )
        ],
    ),
    dict(
        name="ow_upgrade_proxy.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write", "unprotected-delegatecall"],
        ver="0.8.22",
        fn="upgradeTo",
        shape="proxy's upgradeTo has no admin check; fallback delegatecalls the new code",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

contract SimpleProxy {
    address public implementation;
    address public admin;

    event Upgraded(address indexed impl);

    constructor(address impl) {
        implementation = impl;
        admin = msg.sender;
    }

    function upgradeTo(address impl) external {
        require(impl.code.length > 0, "not a contract");
        implementation = impl;  //@
        emit Upgraded(impl);
    }

    fallback() external payable {
        address impl = implementation;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}
""",
        fix=[
            (
                """        require(impl.code.length > 0, "not a contract");""",
                """        require(msg.sender == admin, "admin");
        require(impl.code.length > 0, "not a contract");""",
            )
        ],
    ),
    dict(
        name="si_strategy_vault.sol",
        cls="ERC-4626 share inflation",
        det=["share-inflation"],
        ver="0.8.24",
        fn="convertToShares",
        shape="ERC-4626-style convertToShares over idle balance plus strategy, rounding down",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IStrategy {
    function deployed() external view returns (uint256);
}

contract StrategyVault {
    IERC20 public immutable asset;
    IStrategy public strategy;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    constructor(IERC20 _asset, IStrategy _strategy) {
        asset = _asset;
        strategy = _strategy;
    }

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this)) + strategy.deployed();
    }

    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = convertToShares(assets);
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply += shares;
        balanceOf[receiver] += shares;
    }
}
""",
        fix=[
            (
                """        uint256 supply = totalSupply;
        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@""",
                """        return (assets * (totalSupply + 10 ** 6)) / (totalAssets() + 1);""",
            ),
            (
                """        shares = convertToShares(assets);
""",
                """        shares = convertToShares(assets);
        require(shares > 0, "zero shares");
""",
            ),
        ],
    ),
    dict(
        name="sp_reward_minter.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.8.19",
        fn="depositLp",
        shape="reward minted by the value of a deposit priced from the pair's reserves at deposit time",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IPairLike {
    function getReserves() external view returns (uint112, uint112, uint32);
    function totalSupply() external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract LpBonus {
    IPairLike public immutable lp;
    mapping(address => uint256) public bonusPoints;
    mapping(address => uint256) public lpDeposited;

    constructor(IPairLike _lp) {
        lp = _lp;
    }

    function lpValue(uint256 amount) public view returns (uint256) {
        (uint112 r0, , ) = lp.getReserves();  //@
        return (2 * uint256(r0) * amount) / lp.totalSupply();
    }

    function depositLp(uint256 amount) external {
        require(lp.transferFrom(msg.sender, address(this), amount), "pull");
        lpDeposited[msg.sender] += amount;
        bonusPoints[msg.sender] += lpValue(amount);  //@
    }
}
""",
        fix=[
            (
                """    constructor(IPairLike _lp) {
        lp = _lp;
    }""",
                """    uint256 public immutable pointsPerLp;

    constructor(IPairLike _lp, uint256 _pointsPerLp) {
        lp = _lp;
        pointsPerLp = _pointsPerLp;
    }""",
            ),
            (
                """    function lpValue(uint256 amount) public view returns (uint256) {
        (uint112 r0, , ) = lp.getReserves();  //@
        return (2 * uint256(r0) * amount) / lp.totalSupply();
    }

""",
                "",
            ),
            (
                "        bonusPoints[msg.sender] += lpValue(amount);  //@",
                "        bonusPoints[msg.sender] += amount * pointsPerLp;",
            ),
        ],
    ),
    dict(
        name="tod_allowance_helper.sol",
        cls="transaction order",
        det=["approve-race"],
        ver="0.8.20",
        fn="_approve",
        shape="0.8 token whose approve goes through an internal _approve that overwrites",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract RewardToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
    }

    function _approve(address owner, address spender, uint256 value) internal {
        allowance[owner][spender] = value;  //@
        emit Approval(owner, spender, value);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);  //@
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        return true;
    }
}
""",
        fix=[
            (
                """        _approve(msg.sender, spender, value);  //@""",
                """        require(value == 0 || allowance[msg.sender][spender] == 0, "set to zero first");
        _approve(msg.sender, spender, value);""",
            )
        ],
    ),
    dict(
        name="br_nft_traits.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.21",
        fn="mint",
        shape="NFT rarity rolled from prevrandao and block.number at mint time",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract CreatureMint {
    uint256 public nextId;
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => uint8) public rarity;

    function mint() external payable {
        require(msg.value == 0.03 ether, "price");
        uint256 id = nextId++;
        ownerOf[id] = msg.sender;
        uint256 roll = uint256(keccak256(abi.encodePacked(block.prevrandao, block.number, msg.sender, id))) % 100;  //@
        rarity[id] = roll < 2 ? 3 : roll < 12 ? 2 : 1;
    }
}
""",
        fix=[
            (
                """contract CreatureMint {
    uint256 public nextId;""",
                """interface IVrf {
    function request(uint256 id) external;
}

contract CreatureMint {
    IVrf public immutable vrf;
    uint256 public nextId;""",
            ),
            (
                """    function mint() external payable {""",
                """    constructor(IVrf _vrf) {
        vrf = _vrf;
    }

    function mint() external payable {""",
            ),
            (
                """        uint256 roll = uint256(keccak256(abi.encodePacked(block.prevrandao, block.number, msg.sender, id))) % 100;  //@
        rarity[id] = roll < 2 ? 3 : roll < 12 ? 2 : 1;
    }""",
                """        vrf.request(id);
    }

    function fulfil(uint256 id, uint256 word) external {
        require(msg.sender == address(vrf), "vrf");
        require(rarity[id] == 0, "set");
        uint256 roll = word % 100;
        rarity[id] = roll < 2 ? 3 : roll < 12 ? 2 : 1;
    }""",
            ),
        ],
    ),
]
