"""Set-7 anyone-can-withdraw cases: a matching-donation pot and an NFT sale's proceeds."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_matching_donation_pot.sol",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.8.26",
        fn="reclaimUnmatched",
        shape="0.8 charity matching pot: reclaimUnmatched() is meant for the sponsor but pays the unmatched budget to any caller",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract MatchingDonationPot {
    address public immutable charity;
    address public immutable sponsor;
    uint256 public matchCap;
    uint256 public matched;
    uint256 public donated;
    bool public finalized;

    mapping(address => uint256) public donationOf;

    event Donated(address indexed donor, uint256 amount, uint256 matchedAmount);
    event Finalized(uint256 total);
    event Reclaimed(uint256 amount);

    constructor(address _charity) payable {
        charity = _charity;
        sponsor = msg.sender;
        matchCap = msg.value;
    }

    function donate() external payable {
        require(!finalized, "final");
        uint256 m = msg.value;
        if (matched + m > matchCap) m = matchCap - matched;
        matched += m;
        donated += msg.value;
        donationOf[msg.sender] += msg.value;
        emit Donated(msg.sender, msg.value, m);
    }

    function finalize() external {
        require(msg.sender == sponsor || msg.sender == charity, "party");
        require(!finalized, "final");
        finalized = true;
        uint256 unused = matchCap - matched;
        matchCap = matched;
        payable(sponsor).transfer(unused);
        payable(charity).transfer(address(this).balance);
        emit Finalized(donated + matched);
    }

    function reclaimUnmatched() external {
        require(!finalized, "final");
        uint256 unused = matchCap - matched;
        matchCap = matched;
        payable(msg.sender).transfer(unused);  //@
        emit Reclaimed(unused);
    }
}
""",
        fix=[
            (
                '    function reclaimUnmatched() external {\n        require(!finalized, "final");\n',
                '    function reclaimUnmatched() external {\n        require(msg.sender == sponsor, "sponsor");\n        require(!finalized, "final");\n',
            )
        ],
    ),
    dict(
        name="b7_pixel_pets_sale.sol",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.6.12",
        fn="withdrawProceeds",
        shape="0.6 NFT mint sale: withdrawProceeds(amount) sends sale proceeds to msg.sender with only a balance check; the artist-only modifier is used on the sale switch",
        src=r"""
pragma solidity ^0.6.12;

contract PixelPetsSale {
    address payable public artist;
    uint256 public constant PRICE = 0.05 ether;
    uint256 public constant MAX_SUPPLY = 5000;
    uint256 public minted;
    bool public saleActive;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;

    event Minted(address indexed to, uint256 id);
    event SaleToggled(bool on);

    constructor() public {
        artist = msg.sender;
    }

    modifier onlyArtist() {
        require(msg.sender == artist, "artist");
        _;
    }

    function setSaleActive(bool on) external onlyArtist {
        saleActive = on;
        emit SaleToggled(on);
    }

    function mint(uint256 count) external payable {
        require(saleActive, "inactive");
        require(count > 0 && count <= 10, "count");
        require(minted + count <= MAX_SUPPLY, "sold out");
        require(msg.value == PRICE * count, "price");
        for (uint256 i = 0; i < count; i++) {
            uint256 id = minted + i;
            ownerOf[id] = msg.sender;
            emit Minted(msg.sender, id);
        }
        minted += count;
        balanceOf[msg.sender] += count;
    }

    function withdrawProceeds(uint256 amount) external {
        require(amount <= address(this).balance, "balance");
        msg.sender.transfer(amount);  //@
    }
}
""",
        fix=[
            (
                "    function withdrawProceeds(uint256 amount) external {\n",
                "    function withdrawProceeds(uint256 amount) external onlyArtist {\n",
            )
        ],
    ),
]
